import { onShutdown } from '@metrodesk/runtime';
import { createLogger } from '@metrodesk/logger';
import { readConfig } from './config';
import { createNotificationsService } from './service';

async function main() {
  const config = readConfig();
  const logger = createLogger({ service: 'notifications', level: config.LOG_LEVEL });
  const service = await createNotificationsService(config, logger);
  onShutdown(logger, () => service.stop());
  await service.start();
}

main().catch((err) => {
  process.stderr.write(`notifications failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

import { onShutdown } from '@metrodesk/runtime';
import { createLogger } from '@metrodesk/logger';
import { readConfig } from './config';
import { createIdentityService } from './service';

async function main() {
  const config = readConfig();
  const logger = createLogger({ service: 'identity', level: config.LOG_LEVEL });
  const service = await createIdentityService(config, logger);
  onShutdown(logger, () => service.stop());
  await service.start();
}

main().catch((err) => {
  process.stderr.write(`identity failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

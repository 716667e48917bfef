import { onShutdown } from '@metrodesk/runtime';
import { createLogger } from '@metrodesk/logger';
import { readConfig } from './config';
import { createProgrammesService } from './service';

async function main() {
  const config = readConfig();
  const logger = createLogger({ service: 'programmes', level: config.LOG_LEVEL });
  const service = await createProgrammesService(config, logger);
  onShutdown(logger, () => service.stop());
  await service.start();
}

main().catch((err) => {
  process.stderr.write(`programmes failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

// openapi-typescript is ESM-only; this stub lets `pnpm generate` run it from CommonJS.
import('./generate.mjs').catch((err) => {
  console.error(err);
  process.exit(1);
});

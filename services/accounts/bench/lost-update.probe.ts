/**
 * Shows that concurrent single-document updates on FerretDB v1 can be lost: two clients
 * each $inc a different field of one document 100 times. MongoDB ends with n = m = 100;
 * FerretDB v1 (update = read, then replace, without a row lock) ends lower. The outbox relay's
 * $pop and a service's own update of the same document race the same way, so a state change
 * and its event can vanish, and updateVersioned's version filter does not prevent it.
 * Run: node bench/run.js bench/lost-update.probe.ts   (MONGO_URL, default the local FerretDB)
 */
import mongoose from 'mongoose';

async function main() {
  const url = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/';
  const [a, b] = await Promise.all([1, 2].map(() => mongoose.createConnection(url, { dbName: 'metrodesk_lost_update_probe' }).asPromise()));
  const ca = a!.collection<{ _id: string; n: number; m: number }>('probe');
  const cb = b!.collection<{ _id: string; n: number; m: number }>('probe');
  const id = `probe-${Date.now()}`;
  await ca.insertOne({ _id: id, n: 0, m: 0 });
  const N = 100;
  await Promise.all([
    (async () => { for (let i = 0; i < N; i++) await ca.updateOne({ _id: id }, { $inc: { n: 1 } }); })(),
    (async () => { for (let i = 0; i < N; i++) await cb.updateOne({ _id: id }, { $inc: { m: 1 } }); })(),
  ]);
  const doc = await ca.findOne({ _id: id });
  console.log(`expected n=${N} m=${N}, got n=${doc?.n} m=${doc?.m}: ${2 * N - (doc?.n ?? 0) - (doc?.m ?? 0)} of ${2 * N} updates lost`);
  await ca.deleteOne({ _id: id });
  await Promise.all([a!.close(), b!.close()]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

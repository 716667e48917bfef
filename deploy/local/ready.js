// Waits until Kafka, the MongoDB-wire server and Redis really answer, then creates the
// project's topics (and their dead-letter topics) from contracts/events/topics.json.
// The broker never auto-creates topics.
const path = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const { MongoClient } = require('mongodb');
const Redis = require('ioredis');

const deadline = Date.now() + Number(process.env.READY_TIMEOUT_MS || 60000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function retry(name, fn) {
  let lastError;
  while (Date.now() < deadline) {
    try {
      return await fn();
    } catch (err) {
      lastError = err;
      await sleep(250);
    }
  }
  throw new Error(`${name} not ready: ${lastError && lastError.message}`);
}

async function main() {
  const topics = require(path.join(__dirname, '../../contracts/events/topics.json'));
  const kafka = new Kafka({ clientId: 'metrodesk-ready', brokers: process.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await retry('Kafka', async () => {
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [] });
    // A multi-broker cluster (deploy/local/kafka-cluster) needs every broker registered before
    // topics with a replication factor above one can be created.
    const { brokers } = await admin.describeCluster();
    if (brokers.length < Number(process.env.KAFKA_MIN_BROKERS || 1)) throw new Error(`${brokers.length} brokers registered`);
  });
  const existing = new Set(await admin.listTopics());
  const wanted = topics.topics.flatMap((t) => [
    { topic: t.name, numPartitions: t.partitions },
    { topic: `${t.name}.dlq`, numPartitions: 1 },
  ]);
  const missing = wanted.filter((t) => !existing.has(t.topic));
  if (missing.length) {
    await admin.createTopics({ topics: missing.map((t) => ({ ...t, replicationFactor: Number(process.env.KAFKA_REPLICATION_FACTOR || 1) })), waitForLeaders: true });
  }
  await admin.disconnect();

  await retry('MongoDB', async () => {
    const client = new MongoClient(process.env.MONGO_URL, { serverSelectionTimeoutMS: 1000 });
    try {
      await client.db('admin').command({ ping: 1 });
    } finally {
      await client.close();
    }
  });

  await retry('Redis', async () => {
    const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await redis.connect();
      if ((await redis.ping()) !== 'PONG') throw new Error('no PONG');
    } finally {
      redis.disconnect();
    }
  });
  process.stderr.write(`[metrodesk] Kafka, MongoDB and Redis answer; ${missing.length} topics created, ${wanted.length} in the catalog\n`);
}

main().catch((err) => {
  process.stderr.write(`[metrodesk] ${err.message}\n`);
  process.exit(1);
});

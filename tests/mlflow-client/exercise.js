// Exercises the MLflow tracking API through the `mlflow` npm client (2.0.7) and prints one line
// "RESULT {json}" for the C# test to assert on. The client console.logs every POST body, so the
// result line is marked. Usage: MLFLOW_TRACKING_TOKEN=TOKEN node exercise.js http://127.0.0.1:PORT
'use strict';
const MLflow = require('mlflow');

// The token travels as MLflow's own clients send MLFLOW_TRACKING_TOKEN: a bearer token.
const mlflow = new MLflow({ endpoint: process.argv[2], headers: { Authorization: `Bearer ${process.env.MLFLOW_TRACKING_TOKEN}` } });

// The client throws Error("Error: {status, statusText, data}"); keep the status and MLflow's body.
async function failure(call) {
  try {
    await call();
    return { status: 200 };
  } catch (e) {
    const text = String(e.message);
    const parsed = JSON.parse(text.slice(text.indexOf('{')));
    return { status: parsed.status, data: parsed.data };
  }
}

async function main() {
  const out = {};
  const name = `npm-client-${process.pid}-${Date.now()}`;
  const experimentId = (await mlflow.Experiments.create({ name })).experiment_id;
  out.experimentId = experimentId;
  out.experiment = (await mlflow.Experiments.get({ experiment_id: experimentId })).experiment;
  out.listed = (await mlflow.Experiments.list()).experiments.map((e) => e.name);

  const run = (await mlflow.Runs.create({
    experiment_id: experimentId, user_id: 'alice', start_time: 1700000000000, tags: [{ key: 'team', value: 'risk' }],
  })).run;
  out.created = run;
  const runId = run.info.run_id;
  await mlflow.Runs.logMetric({ run_id: runId, key: 'auc', value: 0.91, timestamp: 1700000001000, step: 1 });
  await mlflow.Runs.logParameter({ run_id: runId, key: 'lr', value: '0.1' });
  await mlflow.Runs.logBatch({
    run_id: runId,
    metrics: [
      { key: 'loss', value: 0.5, timestamp: 1700000001000, step: 0 },
      { key: 'loss', value: 0.25, timestamp: 1700000002000, step: 1 },
    ],
    params: [{ key: 'depth', value: '6' }],
    tags: [{ key: 'stage', value: 'dev' }],
  });
  await mlflow.Runs.setTag({ run_id: runId, key: 'owner', value: 'bob' });

  // The client has no upload call: files go through the artifact proxy with a plain PUT, as MLflow's Python client
  // does for mlflow-artifacts: URIs, then the client lists them.
  const artifactRoot = run.info.artifact_uri.replace(/^mlflow-artifacts:\//, '');
  const uploads = { 'model/MLmodel': 'flavors:\n  onnx: {}\n', 'model/model.onnx': 'x'.repeat(2048), 'notes.txt': 'hi' };
  for (const [path, body] of Object.entries(uploads)) {
    const put = await fetch(`${process.argv[2]}/api/2.0/mlflow-artifacts/artifacts/${artifactRoot}/${path}`, { method: 'PUT', body, headers: { Authorization: `Bearer ${process.env.MLFLOW_TRACKING_TOKEN}` } });
    if (put.status !== 200) throw new Error(`PUT ${path}: ${put.status} ${await put.text()}`);
  }
  out.artifactRoot = await mlflow.Artifacts.list({ run_id: runId });
  out.artifactModel = await mlflow.Artifacts.list({ run_id: runId, path: 'model' });
  out.artifactTraversal = await failure(() => mlflow.Artifacts.list({ run_id: runId, path: '../..' }));

  const other = (await mlflow.Runs.create({ experiment_id: experimentId, user_id: 'carol', start_time: 1700000005000 })).run;
  const otherId = other.info.run_id;
  await mlflow.Runs.logMetric({ run_id: otherId, key: 'auc', value: 0.7, timestamp: 1700000006000, step: 0 });
  await mlflow.Runs.logParameter({ run_id: otherId, key: 'lr', value: '0.1' });
  out.otherId = otherId;

  out.got = (await mlflow.Runs.get({ run_id: runId })).run;
  out.searched = (await mlflow.Runs.search({
    experiment_ids: [experimentId], filter: "metrics.auc > 0.8 and params.lr = '0.1'",
  })).runs.map((r) => r.info.run_id);
  out.ordered = (await mlflow.Runs.search({
    experiment_ids: [experimentId], order_by: ['metrics.auc ASC'],
  })).runs.map((r) => r.info.run_id);
  out.updated = (await mlflow.Runs.update({ run_id: runId, status: 'FINISHED', end_time: 1700000009000 })).run_info;
  out.history = (await mlflow.Metrics.getHistory({ run_id: runId, metric_key: 'loss' })).metrics;

  await mlflow.Runs.deleteTag({ run_id: runId, key: 'owner' });
  out.tagsAfterDelete = (await mlflow.Runs.get({ run_id: runId })).run.data.tags.map((t) => t.key).sort();
  await mlflow.Runs.delete({ run_id: otherId });
  out.afterRunDelete = ((await mlflow.Runs.search({ experiment_ids: [experimentId] })).runs || []).map((r) => r.info.run_id);
  await mlflow.Runs.restore({ run_id: otherId });
  out.afterRunRestore = ((await mlflow.Runs.search({ experiment_ids: [experimentId] })).runs || []).length;

  await mlflow.Experiments.update({ experiment_id: experimentId, new_name: `${name}-renamed` });
  out.renamed = (await mlflow.Experiments.get({ experiment_id: experimentId })).experiment.name;
  await mlflow.Experiments.delete({ experiment_id: experimentId });
  out.deletedStage = (await mlflow.Experiments.get({ experiment_id: experimentId })).experiment.lifecycle_stage;
  await mlflow.Experiments.restore({ experiment_id: experimentId });
  out.restoredStage = (await mlflow.Experiments.get({ experiment_id: experimentId })).experiment.lifecycle_stage;

  // Client bugs and error shapes, recorded rather than hidden.
  out.setExperimentTag = await failure(() => mlflow.Experiments.setExperimentTag({ experiment_id: experimentId, key: 'k', value: 'v' }));
  out.missingRun = await failure(() => mlflow.Runs.get({ run_id: '0'.repeat(32) }));
  out.duplicateExperiment = await failure(() => mlflow.Experiments.create({ name: `${name}-renamed` }));
  out.changedParam = await failure(() => mlflow.Runs.logParameter({ run_id: runId, key: 'lr', value: '0.2' }));
  out.badFilter = await failure(() => mlflow.Runs.search({ experiment_ids: [experimentId], filter: 'metrics.auc >> 1' }));

  console.log(`RESULT ${JSON.stringify(out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

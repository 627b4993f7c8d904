// Validates Kubernetes manifests against their JSON schemas: the Kubernetes API's (package
// kubernetes-models) and the Prometheus Operator's CRDs (@kubernetes-models/prometheus-operator),
// both generated from the upstream OpenAPI schemas and checked with ajv.
//
//   npm ci && node validate.mjs                  every *.yaml in scripts/k8s/
//   node validate.mjs path/to/a.yaml ...
//
// Prints one line per document ("valid" or "INVALID" with the schema's complaint) and exits 1
// if any document is invalid or of a kind it has no schema for. The schemas allow fields they
// do not know (as the API server does by default); stack-tests' K8sManifestsTest checks the
// fields that matter by name.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as yaml from 'js-yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';

const models = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'v1 ConfigMap': ConfigMap,
  'monitoring.coreos.com/v1 PodMonitor': PodMonitor,
  'monitoring.coreos.com/v1 ServiceMonitor': ServiceMonitor,
};

const here = path.dirname(fileURLToPath(import.meta.url));
const k8sDir = path.resolve(here, '..');
let files = process.argv.slice(2);
if (files.length === 0) {
  files = fs.readdirSync(k8sDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(k8sDir, f));
}

let invalid = 0;
let documents = 0;
for (const file of files) {
  for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8'))) {
    if (doc == null) continue;
    documents++;
    const what = `${file} ${doc.kind}/${doc.metadata && doc.metadata.name}`;
    const Model = models[`${doc.apiVersion} ${doc.kind}`];
    if (!Model) {
      invalid++;
      console.log(`INVALID ${what}: no schema for apiVersion ${doc.apiVersion} kind ${doc.kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
      console.log(`valid ${what}`);
    } catch (e) {
      invalid++;
      console.log(`INVALID ${what}: ${e.message}`);
    }
  }
}
console.log(`${documents - invalid} valid, ${invalid} invalid`);
process.exit(invalid > 0 || documents === 0 ? 1 : 0);

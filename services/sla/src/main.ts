import { runService } from '@metrodesk/runtime';
import { readConfig } from './config';
import { createSlaService } from './service';

runService('sla', readConfig, createSlaService);

import { runService } from '@metrodesk/runtime';
import { readConfig } from './config';
import { createRequestsService } from './service';

runService('requests', readConfig, createRequestsService);

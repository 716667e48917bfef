import { runService } from '@metrodesk/runtime';
import { readConfig } from './config';
import { createIdentityService } from './service';

runService('identity', readConfig, createIdentityService);

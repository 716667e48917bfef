import { runService } from '@metrodesk/runtime';
import { readConfig } from './config';
import { createAssignmentService } from './service';

runService('assignment', readConfig, createAssignmentService);

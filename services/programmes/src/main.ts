import { runService } from '@metrodesk/runtime';
import { readConfig } from './config';
import { createProgrammesService } from './service';

runService('programmes', readConfig, createProgrammesService);

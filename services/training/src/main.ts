import { runService } from '@metrodesk/runtime';
import { readConfig } from './config';
import { createTrainingService } from './service';

runService('training', readConfig, createTrainingService);

import { runService } from '@metrodesk/runtime';
import { readConfig } from './config';
import { createQualificationsService } from './service';

runService('qualifications', readConfig, createQualificationsService);

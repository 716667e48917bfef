import { runService } from '@metrodesk/runtime';
import { readConfig } from './config';
import { createReportingService } from './service';

runService('reporting', readConfig, createReportingService);

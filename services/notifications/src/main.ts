import { runService } from '@metrodesk/runtime';
import { readConfig } from './config';
import { createNotificationsService } from './service';

runService('notifications', readConfig, createNotificationsService);

import { runService } from '@metrodesk/runtime';
import { readConfig } from './config';
import { createGatewayService } from './service';

runService('gateway', readConfig, createGatewayService);

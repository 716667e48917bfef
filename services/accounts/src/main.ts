import { runService } from '@metrodesk/runtime';
import { readConfig } from './config';
import { createAccountsService } from './service';

runService('accounts', readConfig, createAccountsService);

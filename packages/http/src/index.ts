import './express-augment';
export * from './app';
export * from './problem';
export { Router } from 'express';
export type { Express, Request, Response, NextFunction, RequestHandler } from 'express';
export * from './fields';

import './express-augment';
export * from './app';
export * from './problem';
export * from './body-check';
export { Router } from 'express';
export type { Express, Request, Response, NextFunction, RequestHandler } from 'express';
export * from './fields';

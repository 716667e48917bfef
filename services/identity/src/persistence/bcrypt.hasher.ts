import bcrypt from 'bcryptjs';
import type { PasswordHasher } from '../use-cases/ports';

export class BcryptHasher implements PasswordHasher {
  constructor(private readonly rounds: number) {}
  hash(password: string) {
    return bcrypt.hash(password, this.rounds);
  }
  verify(password: string, hash: string) {
    return bcrypt.compare(password, hash);
  }
}

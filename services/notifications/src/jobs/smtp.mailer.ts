import nodemailer, { type Transporter } from 'nodemailer';
import { PermanentMailError, type Mailer, type OutgoingMail } from '../use-cases/send-email';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
}

/** Email through an SMTP relay (Mailpit locally, the bureau's relay in production). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(private readonly s: SmtpSettings) {
    this.transport = nodemailer.createTransport({
      host: s.host,
      port: s.port,
      secure: s.secure,
      ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.s.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      // 5xx is the server's final word on this message or address; anything else may pass later.
      if (typeof code === 'number' && code >= 500 && code < 600) throw new PermanentMailError((err as Error).message);
      throw err;
    }
  }

  close(): void {
    this.transport.close();
  }
}

import { hasKey, type T } from '../i18n';

/** A role in words; a role this console does not know yet reads as "staff", never as its code. */
export function roleWords(t: T, role: string | null | undefined): string {
  return role && hasKey(`role.${role}`) ? t(`role.${role}`) : t('role.unknown');
}

/** Who acted, as people say it: "王芳（联络员）", or the role alone when no name was kept. */
export function actorLabel(t: T, name: string | null | undefined, role: string | null | undefined): string {
  return name ? t('timeline.actor', { name, role: roleWords(t, role) }) : roleWords(t, role);
}

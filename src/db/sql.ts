/**
 * A DateTime as the Prisma SQLite adapter stores it (ISO 8601 text with +00:00), for the few
 * hot-path statements written as raw SQL so Prisma reads them back unchanged.
 */
export function sqlDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

import { z } from 'astro/zod';

/**
 * The fields every page of the course must declare on top of Starlight's own schema.
 * A page without a real description fails the build, because the description feeds the
 * search results, the social preview and the home page's table of contents.
 */
export const pageFrontmatter = z.object({
  title: z
    .string({ error: 'every page needs a `title` in its frontmatter' })
    .trim()
    .min(3, 'the `title` is too short to name a page (at least 3 characters)')
    .max(70, 'the `title` is over 70 characters; move the detail into `description`'),
  description: z
    .string({ error: 'every page needs a `description` in its frontmatter (one or two sentences)' })
    .trim()
    .min(40, 'the `description` should be a full sentence of at least 40 characters')
    .max(220, 'the `description` is over 220 characters; search results cut it off'),
});

export type PageFrontmatter = z.infer<typeof pageFrontmatter>;

/**
 * Turns a failed parse into one line per problem, naming the field, so a contributor
 * sees "description: ..." instead of a wall of JSON.
 */
export function describeFrontmatterErrors(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(frontmatter)';
    return `${field}: ${issue.message}`;
  });
}

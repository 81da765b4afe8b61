import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { pageFrontmatter } from './site/content/frontmatter';

// Contributors write pages in the top-level `content/` folder, which holds only MDX.
export const collections = {
  docs: defineCollection({
    loader: glob({ base: './content', pattern: '**/*.mdx' }),
    schema: docsSchema({ extend: pageFrontmatter }),
  }),
};

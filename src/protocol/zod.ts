// The one zod import: zod/mini (about 4 MB less resident than classic zod at start), set up to behave like classic.

import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// Classic zod installs English messages and the cycle-safe memoizer on first use; mini installs neither.
// Every schema module imports `z` from here, so this runs before any schema is built or parsed.
z.config({ ...en(), memoizer: z.memoizer() });

export { z };

// Copies GOV.UK Frontend's compiled CSS, JavaScript, fonts and images into static/build, where Django's
// staticfiles finder serves them as /static/govuk-frontend/dist/govuk/... (the paths govuk-frontend-django uses).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "static", "build", "govuk-frontend", "dist", "govuk");
rmSync(join(root, "static", "build"), { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(join(root, "node_modules", "govuk-frontend", "dist", "govuk"), target, { recursive: true });
console.log(`GOV.UK Frontend copied to ${target}`);

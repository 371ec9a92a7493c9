import { defineConfig } from "drizzle-kit";

// The PostgreSQL store's migrations; SQLite's stay in db/migrations (drizzle.config.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/postgres/schema.ts",
  out: "./db/migrations/postgres",
  casing: "snake_case",
});

ALTER TABLE "import_runs" ADD COLUMN "headers" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "import_runs" ADD COLUMN "refused_rows" jsonb DEFAULT '[]'::jsonb NOT NULL;
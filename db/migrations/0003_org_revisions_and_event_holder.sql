CREATE TABLE `org_revisions` (
	`revision` integer PRIMARY KEY NOT NULL,
	`document` text NOT NULL,
	`applied_at` integer NOT NULL,
	`via` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `bomb_events` ADD `holder` text;
CREATE TABLE `bomb_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bomb_id` integer NOT NULL,
	`version` integer NOT NULL,
	`at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`actor` text,
	`via` text NOT NULL,
	`kind` text NOT NULL,
	`data` text NOT NULL,
	FOREIGN KEY (`bomb_id`) REFERENCES `bombs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bomb_events_bomb` ON `bomb_events` (`bomb_id`,`id`);--> statement-breakpoint
CREATE TABLE `bombs` (
	`id` integer PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`department_id` text,
	`holder` text,
	`next_due_at` integer,
	`version` integer NOT NULL,
	`data` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `bombs_next_due_at` ON `bombs` (`next_due_at`) WHERE "bombs"."next_due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `bombs_state` ON `bombs` (`state`);--> statement-breakpoint
CREATE INDEX `bombs_holder` ON `bombs` (`holder`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`director` text NOT NULL,
	`link` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`job` text NOT NULL,
	`period` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`detail` text,
	PRIMARY KEY(`job`, `period`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`bomb_id` integer,
	`version` integer NOT NULL,
	`recipient` text NOT NULL,
	`kind` text NOT NULL,
	`params` text NOT NULL,
	`created_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`sent_at` integer,
	FOREIGN KEY (`bomb_id`) REFERENCES `bombs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`next_attempt_at`) WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_bomb` ON `outbox` (`bomb_id`,`id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text,
	`slack_id` text,
	`name` text NOT NULL,
	`title` text NOT NULL,
	`reports_to` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `slack_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bomb_id` integer,
	`outbox_id` integer,
	`recipient` text NOT NULL,
	`channel` text NOT NULL,
	`ts` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`bomb_id`) REFERENCES `bombs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `slack_messages_bomb` ON `slack_messages` (`bomb_id`);
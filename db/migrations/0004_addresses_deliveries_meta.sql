CREATE TABLE `addresses` (
	`person` text NOT NULL,
	`platform` text NOT NULL,
	`address` text NOT NULL,
	`conversation` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`person`, `platform`)
);
--> statement-breakpoint
CREATE INDEX `addresses_address` ON `addresses` (`platform`,`address`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bomb_id` integer,
	`outbox_id` integer,
	`recipient` text NOT NULL,
	`platform` text NOT NULL,
	`conversation` text NOT NULL,
	`message_ref` text NOT NULL,
	`part` integer DEFAULT 1 NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`bomb_id`) REFERENCES `bombs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deliveries_bomb` ON `deliveries` (`bomb_id`);--> statement-breakpoint
CREATE INDEX `deliveries_outbox` ON `deliveries` (`outbox_id`);--> statement-breakpoint
CREATE INDEX `deliveries_recipient` ON `deliveries` (`recipient`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);

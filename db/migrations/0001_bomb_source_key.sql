ALTER TABLE `bombs` ADD `source_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `bombs_source_key` ON `bombs` (`source_key`);
-- AlterTable
ALTER TABLE "Member" ADD COLUMN "channel" TEXT;

-- AlterTable
ALTER TABLE "Room" ADD COLUMN "channel" TEXT;
ALTER TABLE "Room" ADD COLUMN "pushSecret" TEXT;
ALTER TABLE "Room" ADD COLUMN "pushWebhook" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "channel" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "replyTo" TEXT;


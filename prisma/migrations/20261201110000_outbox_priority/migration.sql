-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dedupeKey" TEXT,
    "roomId" TEXT,
    "toId" TEXT,
    "text" TEXT NOT NULL,
    "mentions" TEXT NOT NULL DEFAULT '[]',
    "filePath" TEXT,
    "fileName" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "notBefore" DATETIME NOT NULL,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "partsSent" INTEGER NOT NULL DEFAULT 0,
    "priority" INTEGER NOT NULL DEFAULT 1,
    "fileTemp" BOOLEAN NOT NULL DEFAULT false,
    "channel" TEXT,
    "replyTo" TEXT
);
INSERT INTO "new_OutboxMessage" ("attempts", "channel", "createdAt", "dedupeKey", "fileName", "filePath", "id", "lastError", "mentions", "notBefore", "partsSent", "replyTo", "roomId", "sentAt", "status", "text", "toId") SELECT "attempts", "channel", "createdAt", "dedupeKey", "fileName", "filePath", "id", "lastError", "mentions", "notBefore", "partsSent", "replyTo", "roomId", "sentAt", "status", "text", "toId" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");
CREATE INDEX "OutboxMessage_status_notBefore_idx" ON "OutboxMessage"("status", "notBefore");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


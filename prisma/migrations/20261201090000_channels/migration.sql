-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL DEFAULT '',
    "role" TEXT NOT NULL DEFAULT 'contact',
    "grantedBy" TEXT,
    "channel" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Member" ("createdAt", "grantedBy", "id", "name", "role", "updatedAt") SELECT "createdAt", "grantedBy", "id", "name", "role", "updatedAt" FROM "Member";
DROP TABLE "Member";
ALTER TABLE "new_Member" RENAME TO "Member";
CREATE TABLE "new_Room" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "topic" TEXT NOT NULL DEFAULT '',
    "township" TEXT,
    "boundBy" TEXT,
    "channel" TEXT,
    "pushWebhook" TEXT,
    "pushSecret" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Room" ("boundBy", "createdAt", "id", "topic", "township", "updatedAt") SELECT "boundBy", "createdAt", "id", "topic", "township", "updatedAt" FROM "Room";
DROP TABLE "Room";
ALTER TABLE "new_Room" RENAME TO "Room";
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
    "channel" TEXT,
    "replyTo" TEXT
);
INSERT INTO "new_OutboxMessage" ("attempts", "createdAt", "dedupeKey", "fileName", "filePath", "id", "lastError", "mentions", "notBefore", "partsSent", "roomId", "sentAt", "status", "text", "toId") SELECT "attempts", "createdAt", "dedupeKey", "fileName", "filePath", "id", "lastError", "mentions", "notBefore", "partsSent", "roomId", "sentAt", "status", "text", "toId" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");
CREATE INDEX "OutboxMessage_status_notBefore_idx" ON "OutboxMessage"("status", "notBefore");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL DEFAULT '',
    "role" TEXT NOT NULL DEFAULT 'contact',
    "grantedBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Room" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "topic" TEXT NOT NULL DEFAULT '',
    "township" TEXT,
    "boundBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProcessedMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seenAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
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
    "sentAt" DATETIME
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DialogSession" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "roomId" TEXT,
    "userId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "updatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "normName" TEXT NOT NULL,
    "orgName" TEXT NOT NULL,
    "township" TEXT NOT NULL,
    "orgType" TEXT NOT NULL,
    "headcount" INTEGER NOT NULL,
    "hasUnion" BOOLEAN NOT NULL,
    "unionMembers" INTEGER,
    "hasPartyOrg" BOOLEAN NOT NULL,
    "partyMembers" INTEGER,
    "contactName" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "guidance" TEXT NOT NULL,
    "extra" TEXT NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "reportedAt" DATETIME NOT NULL,
    "reportedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "OrganisationReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "reportedAt" DATETIME NOT NULL,
    "reportedBy" TEXT NOT NULL,
    CONSTRAINT "OrganisationReport_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KbDocument" (
    "source" TEXT NOT NULL PRIMARY KEY,
    "hash" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "indexedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "KbChunk" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "ord" INTEGER NOT NULL,
    "section" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "embedding" BLOB,
    "embedModel" TEXT,
    CONSTRAINT "KbChunk_source_fkey" FOREIGN KEY ("source") REFERENCES "KbDocument" ("source") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "origin" TEXT NOT NULL DEFAULT 'user',
    "calendarKey" TEXT,
    "roomId" TEXT,
    "toId" TEXT,
    "createdBy" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "spec" TEXT NOT NULL,
    "leadMinutes" INTEGER NOT NULL DEFAULT 0,
    "nextAt" DATETIME,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReminderOccurrence" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "reminderId" INTEGER NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "claimedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ReminderOccurrence_reminderId_fkey" FOREIGN KEY ("reminderId") REFERENCES "Reminder" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReminderAck" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "occurrenceKey" TEXT NOT NULL,
    "roomId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ProcessedMessage_seenAt_idx" ON "ProcessedMessage"("seenAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_notBefore_idx" ON "OutboxMessage"("status", "notBefore");

-- CreateIndex
CREATE INDEX "DialogSession_status_updatedAt_idx" ON "DialogSession"("status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_normName_key" ON "Organisation"("normName");

-- CreateIndex
CREATE INDEX "Organisation_township_idx" ON "Organisation"("township");

-- CreateIndex
CREATE UNIQUE INDEX "OrganisationReport_organisationId_version_key" ON "OrganisationReport"("organisationId", "version");

-- CreateIndex
CREATE INDEX "KbChunk_source_ord_idx" ON "KbChunk"("source", "ord");

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_calendarKey_key" ON "Reminder"("calendarKey");

-- CreateIndex
CREATE INDEX "Reminder_active_nextAt_idx" ON "Reminder"("active", "nextAt");

-- CreateIndex
CREATE INDEX "ReminderOccurrence_reminderId_dueAt_idx" ON "ReminderOccurrence"("reminderId", "dueAt");

-- CreateIndex
CREATE INDEX "ReminderAck_roomId_idx" ON "ReminderAck"("roomId");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderAck_occurrenceKey_userId_key" ON "ReminderAck"("occurrenceKey", "userId");


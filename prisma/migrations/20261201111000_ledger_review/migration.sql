-- CreateTable
CREATE TABLE "LedgerChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER NOT NULL,
    "baseVersion" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL,
    "reporterName" TEXT NOT NULL,
    "roomId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL,
    "decidedAt" DATETIME,
    "decidedById" TEXT,
    "decidedByName" TEXT,
    "reason" TEXT,
    "version" INTEGER,
    CONSTRAINT "LedgerChange_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Organisation" (
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
    "reportedBy" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "new_Organisation" ("contactName", "contactPhone", "extra", "guidance", "hasPartyOrg", "hasUnion", "headcount", "id", "normName", "orgName", "orgType", "partyMembers", "priority", "reportedAt", "reportedBy", "township", "unionMembers", "version") SELECT "contactName", "contactPhone", "extra", "guidance", "hasPartyOrg", "hasUnion", "headcount", "id", "normName", "orgName", "orgType", "partyMembers", "priority", "reportedAt", "reportedBy", "township", "unionMembers", "version" FROM "Organisation";
DROP TABLE "Organisation";
ALTER TABLE "new_Organisation" RENAME TO "Organisation";
CREATE UNIQUE INDEX "Organisation_normName_key" ON "Organisation"("normName");
CREATE INDEX "Organisation_township_idx" ON "Organisation"("township");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "LedgerChange_status_createdAt_idx" ON "LedgerChange"("status", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerChange_organisationId_idx" ON "LedgerChange"("organisationId");


-- The owner of each existing record: the reporter of its current version.
UPDATE "Organisation" SET "reporterId" = COALESCE((
  SELECT json_extract(r."data", '$.reporterId') FROM "OrganisationReport" r
  WHERE r."organisationId" = "Organisation"."id" AND r."version" = "Organisation"."version"), '');

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_KbDocument" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "shortName" TEXT NOT NULL DEFAULT '',
    "issuer" TEXT,
    "date" TEXT,
    "family" TEXT NOT NULL DEFAULT 'official',
    "docKey" TEXT NOT NULL DEFAULT '',
    "units" INTEGER NOT NULL DEFAULT 0,
    "articles" INTEGER NOT NULL DEFAULT 0,
    "indexedAt" DATETIME NOT NULL
);
INSERT INTO "new_KbDocument" ("hash", "indexedAt", "source", "title") SELECT "hash", "indexedAt", "source", "title" FROM "KbDocument";
DROP TABLE "KbDocument";
ALTER TABLE "new_KbDocument" RENAME TO "KbDocument";
CREATE UNIQUE INDEX "KbDocument_source_key" ON "KbDocument"("source");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


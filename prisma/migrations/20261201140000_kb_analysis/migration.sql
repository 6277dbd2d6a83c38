-- CreateTable
CREATE TABLE "KbAnalysis" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "data" BLOB NOT NULL,
    "builtAt" DATETIME NOT NULL
);


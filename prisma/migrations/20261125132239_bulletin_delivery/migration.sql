-- AlterTable
ALTER TABLE "ReportDelivery" ADD COLUMN     "bulletinId" TEXT,
ALTER COLUMN "runId" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "ReportDelivery_bulletinId_channel_address_key" ON "ReportDelivery"("bulletinId", "channel", "address");

-- AddForeignKey
ALTER TABLE "ReportDelivery" ADD CONSTRAINT "ReportDelivery_bulletinId_fkey" FOREIGN KEY ("bulletinId") REFERENCES "Bulletin"("id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- ---- Hand-written (not from the schema diff).

-- A delivery is of a run or of a bulletin version, never both, never neither. Bulletins published
-- before this migration have no deliveries and get none: publication queues them, in its transaction.
ALTER TABLE "ReportDelivery" ADD CONSTRAINT "ReportDelivery_source_check"
    CHECK (("runId" IS NULL) <> ("bulletinId" IS NULL));

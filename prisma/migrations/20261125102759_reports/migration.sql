-- CreateEnum
CREATE TYPE "ReportKind" AS ENUM ('EVALUATION', 'PROVIDER_ASSESSMENT');

-- CreateEnum
CREATE TYPE "ReportFrequency" AS ENUM ('WEEKLY', 'MONTHLY', 'QUARTERLY', 'AD_HOC');

-- CreateEnum
CREATE TYPE "ReportRunStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "BulletinStatus" AS ENUM ('DRAFT', 'REVIEWED', 'PUBLISHED');

-- CreateEnum
CREATE TYPE "IncidentSeverity" AS ENUM ('MINOR', 'MAJOR', 'CRITICAL');

-- CreateTable
CREATE TABLE "ReportDefinition" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ReportKind" NOT NULL DEFAULT 'EVALUATION',
    "frequency" "ReportFrequency" NOT NULL,
    "regionCode" TEXT NOT NULL,
    "recipients" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "activeFrom" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReportDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportRun" (
    "id" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "periodStart" TIMESTAMPTZ(3) NOT NULL,
    "periodEnd" TIMESTAMPTZ(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "ReportRunStatus" NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" TIMESTAMPTZ(3) NOT NULL,
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,
    "requestedBy" TEXT,
    "recipients" TEXT[],
    "snapshot" TEXT,
    "contentHash" TEXT,

    CONSTRAINT "ReportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bulletin" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "previousId" TEXT,
    "runId" TEXT,
    "regionCode" TEXT NOT NULL,
    "titleZh" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "status" "BulletinStatus" NOT NULL DEFAULT 'DRAFT',
    "snapshot" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "correctionNote" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedBy" TEXT,
    "reviewedAt" TIMESTAMPTZ(3),
    "publishedBy" TEXT,
    "publishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Bulletin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderNode" (
    "providerId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,

    CONSTRAINT "ProviderNode_pkey" PRIMARY KEY ("providerId","nodeId")
);

-- CreateTable
CREATE TABLE "ProviderIncident" (
    "id" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "severity" "IncidentSeverity" NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "respondedAt" TIMESTAMPTZ(3),
    "reportedAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "outage" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProviderIncident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderSatisfaction" (
    "id" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "comment" TEXT,
    "enteredBy" TEXT NOT NULL,
    "enteredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProviderSatisfaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderAssessmentConfig" (
    "id" INTEGER NOT NULL,
    "weights" JSONB NOT NULL,
    "bands" JSONB NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProviderAssessmentConfig_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReportRun_status_heartbeatAt_idx" ON "ReportRun"("status", "heartbeatAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReportRun_definitionId_periodKey_key" ON "ReportRun"("definitionId", "periodKey");

-- CreateIndex
CREATE UNIQUE INDEX "Bulletin_previousId_key" ON "Bulletin"("previousId");

-- CreateIndex
CREATE INDEX "Bulletin_regionCode_status_idx" ON "Bulletin"("regionCode", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Bulletin_number_version_key" ON "Bulletin"("number", "version");

-- CreateIndex
CREATE INDEX "ProviderNode_nodeId_idx" ON "ProviderNode"("nodeId");

-- CreateIndex
CREATE INDEX "ProviderIncident_providerId_startedAt_idx" ON "ProviderIncident"("providerId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderSatisfaction_providerId_month_departmentCode_key" ON "ProviderSatisfaction"("providerId", "month", "departmentCode");

-- AddForeignKey
ALTER TABLE "ReportRun" ADD CONSTRAINT "ReportRun_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "ReportDefinition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bulletin" ADD CONSTRAINT "Bulletin_previousId_fkey" FOREIGN KEY ("previousId") REFERENCES "Bulletin"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bulletin" ADD CONSTRAINT "Bulletin_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ReportRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderNode" ADD CONSTRAINT "ProviderNode_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderNode" ADD CONSTRAINT "ProviderNode_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderIncident" ADD CONSTRAINT "ProviderIncident_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderSatisfaction" ADD CONSTRAINT "ProviderSatisfaction_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ---- Hand-written (not from the schema diff): integrity the service alone must not be trusted with.

-- A snapshot's hash is the sha256 of its UTF-8 bytes, checkable by anyone with SQL.
ALTER TABLE "Bulletin" ADD CONSTRAINT "Bulletin_contentHash_check"
    CHECK ("contentHash" = encode(sha256(convert_to("snapshot", 'UTF8')), 'hex'));
ALTER TABLE "ReportRun" ADD CONSTRAINT "ReportRun_contentHash_check"
    CHECK ("snapshot" IS NULL OR "contentHash" = encode(sha256(convert_to("snapshot", 'UTF8')), 'hex'));
-- Published means reviewed first, and says by whom and when.
ALTER TABLE "Bulletin" ADD CONSTRAINT "Bulletin_published_check"
    CHECK ("status" <> 'PUBLISHED' OR ("reviewedAt" IS NOT NULL AND "publishedAt" IS NOT NULL AND "publishedBy" IS NOT NULL));
ALTER TABLE "Bulletin" ADD CONSTRAINT "Bulletin_version_check" CHECK ("version" >= 1 AND ("version" = 1) = ("previousId" IS NULL));

-- A published bulletin is frozen: any UPDATE or DELETE of it fails, whoever issues it. Before
-- publication the snapshot still never changes (a new draft is made instead) and the status only
-- moves forward: DRAFT → REVIEWED → PUBLISHED.
CREATE FUNCTION gcc_bulletin_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'PUBLISHED' THEN
    RAISE EXCEPTION 'GCC_BULLETIN_FROZEN: bulletin % version % is published and cannot be changed or deleted; issue a correction', OLD."number", OLD."version"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  IF NEW."snapshot" IS DISTINCT FROM OLD."snapshot" OR NEW."contentHash" IS DISTINCT FROM OLD."contentHash"
     OR NEW."number" IS DISTINCT FROM OLD."number" OR NEW."version" IS DISTINCT FROM OLD."version"
     OR NEW."previousId" IS DISTINCT FROM OLD."previousId" OR NEW."runId" IS DISTINCT FROM OLD."runId" THEN
    RAISE EXCEPTION 'GCC_BULLETIN_FROZEN: the snapshot of bulletin % version % is fixed when it is drafted', OLD."number", OLD."version"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NOT ((OLD."status" = NEW."status")
       OR (OLD."status" = 'DRAFT' AND NEW."status" = 'REVIEWED')
       OR (OLD."status" = 'REVIEWED' AND NEW."status" IN ('PUBLISHED', 'DRAFT'))) THEN
    RAISE EXCEPTION 'GCC_BULLETIN_FROZEN: bulletin % cannot go from % to %', OLD."number", OLD."status", NEW."status"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "Bulletin_guard" BEFORE UPDATE OR DELETE ON "Bulletin" FOR EACH ROW EXECUTE FUNCTION gcc_bulletin_guard();

-- A finished run's snapshot is what bulletins were drafted from: it never changes either.
CREATE FUNCTION gcc_report_run_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'SUCCEEDED' AND (TG_OP = 'DELETE' OR NEW."snapshot" IS DISTINCT FROM OLD."snapshot" OR NEW."status" <> 'SUCCEEDED') THEN
    RAISE EXCEPTION 'GCC_REPORT_RUN_FROZEN: report run % (%) succeeded and its snapshot is fixed', OLD."id", OLD."periodKey"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "ReportRun_guard" BEFORE UPDATE OR DELETE ON "ReportRun" FOR EACH ROW EXECUTE FUNCTION gcc_report_run_guard();

-- Issue 15: each region's notices get a dense position of their own (1, 2, 3, ... per region), the feed's
-- cursor from notice schema v2 on, so that a CSP's cursor tells it nothing of what the other regions were
-- told. feed_position stays as the order across regions (the push publishes by it) but leaves the service
-- no more. Existing notices are numbered in their feed order, region by region.
ALTER TABLE csp_notice ADD COLUMN region_position BIGINT;
MERGE INTO csp_notice target
USING (SELECT feed_position, ROW_NUMBER() OVER (PARTITION BY csp_region ORDER BY feed_position) AS numbered
       FROM csp_notice) source
ON target.feed_position = source.feed_position
WHEN MATCHED THEN UPDATE SET region_position = source.numbered;
ALTER TABLE csp_notice ALTER COLUMN region_position SET NOT NULL;
-- The notices a v1 client may hold a cursor of: those made before this version. Only their feed positions are
-- converted (afterFeedPosition=); a later notice's feed position was never shown, and converting it would let a
-- CSP find where its notices sit among the other regions'.
ALTER TABLE csp_notice ADD COLUMN shown_in_v1 BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE csp_notice SET shown_in_v1 = TRUE;
CREATE UNIQUE INDEX csp_notice_region_position ON csp_notice (csp_region, region_position);

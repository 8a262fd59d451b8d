-- 区划调整 (org.regions.recode) re-prefixes a region subtree in one transaction. A grid's code and
-- region_code must change together (CHECK left(code, 12) = region_code), and PostgreSQL checks
-- that CHECK per row as soon as a cascaded UPDATE touches it, so the cascade from region.code
-- alone cannot move grids. The recode therefore updates grid (code, region_code) in one statement
-- first, with this foreign key deferred until the region rows carry the new codes.
ALTER TABLE grid DROP CONSTRAINT grid_region_code_fkey;
ALTER TABLE grid ADD CONSTRAINT grid_region_code_fkey
  FOREIGN KEY (region_code) REFERENCES region (code) ON UPDATE CASCADE DEFERRABLE INITIALLY IMMEDIATE;

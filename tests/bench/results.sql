-- The floor of the results report: the same figures as `build_report results` (see
-- delegations.selectors.leaders_summary, events.selectors.merchants_summary and
-- programme_summary, exhibitors.statistics.exhibition_headline, projects.statistics.
-- results_projects), written by hand, run by psql -v edition=N -f results.sql.
\set ON_ERROR_STOP on
\pset format unaligned
\pset tuples_only on

SELECT id AS edition_id, coalesce(previous_id, 0) AS previous_id FROM expo_edition WHERE number = :edition \gset

-- Leaders: attended delegates at or above vice-ministerial rank (rank <= 4), and the distinct
-- origins of the delegations with at least one attending delegate.
SELECT json_build_object(
  'foreign', json_build_object(
    'leaders', count(*) FILTER (WHERE g.origin_kind = 'foreign' AND d.rank <= 4),
    'countries_regions', count(DISTINCT g.country) FILTER (WHERE g.origin_kind = 'foreign')),
  'central', json_build_object(
    'leaders', count(*) FILTER (WHERE g.origin_kind = 'central' AND d.rank <= 4),
    'institutions', count(DISTINCT g.institution_en) FILTER (WHERE g.origin_kind = 'central')),
  'provincial', json_build_object(
    'leaders', count(*) FILTER (WHERE g.origin_kind = 'provincial' AND d.rank <= 4),
    'provinces', count(DISTINCT g.province) FILTER (WHERE g.origin_kind = 'provincial')))
FROM delegations_delegate d JOIN delegations_delegation g ON g.id = d.delegation_id
WHERE g.edition_id = :edition_id AND d.attended;

-- Merchants and their countries and regions; online visitors.
SELECT json_build_object('count', count(*), 'countries_regions', count(DISTINCT country))
FROM events_attendee WHERE edition_id = :edition_id AND kind = 'merchant';
SELECT count(*) FROM events_attendee WHERE edition_id = :edition_id AND kind = 'online_visitor';

-- Signed projects: all, by type, by industry; the previous edition's signed contract investment.
SELECT json_build_object('count', count(*), 'investment_yuan', coalesce(sum(investment_yuan), 0))
FROM projects_project WHERE edition_id = :edition_id AND stage = 'signed';
SELECT type, count(*), sum(investment_yuan)
FROM projects_project WHERE edition_id = :edition_id AND stage = 'signed' GROUP BY type ORDER BY type;
SELECT industry, count(*), sum(investment_yuan)
FROM projects_project WHERE edition_id = :edition_id AND stage = 'signed' GROUP BY industry ORDER BY industry;
SELECT coalesce(sum(investment_yuan), 0)
FROM projects_project WHERE edition_id = :previous_id AND stage = 'signed' AND type = 'contract';

-- Exhibition: pavilions and offline gross area; offline and online exhibitors; published exhibits.
SELECT count(*), coalesce(sum(gross_area_m2) FILTER (WHERE mode IN ('offline', 'both')), 0)
FROM exhibitors_pavilion WHERE edition_id = :edition_id;
SELECT count(DISTINCT exhibitor_id) FILTER (WHERE mode IN ('offline', 'both')),
       count(DISTINCT exhibitor_id) FILTER (WHERE mode IN ('online', 'both'))
FROM exhibitors_participation WHERE edition_id = :edition_id;
SELECT count(*) FROM exhibitors_exhibit x JOIN exhibitors_pavilion p ON p.id = x.pavilion_id
WHERE p.edition_id = :edition_id AND x.is_published;

-- Programme: events of the main forum, supporting conferences.
SELECT count(*) FILTER (WHERE parent.kind = 'main_forum'),
       count(*) FILTER (WHERE e.kind = 'supporting_conference')
FROM events_event e LEFT JOIN events_event parent ON parent.id = e.parent_id
WHERE e.edition_id = :edition_id;

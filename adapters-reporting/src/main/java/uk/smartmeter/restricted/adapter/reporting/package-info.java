/**
 * Monthly reporting (MP169 BR6): stored revisions (SQL rows, files for their forms), the outcome-log
 * folder, and the seeded generator of synthetic outcome logs.
 */
package uk.smartmeter.restricted.adapter.reporting;

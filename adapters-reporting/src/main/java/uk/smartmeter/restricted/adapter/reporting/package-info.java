/** Monthly reporting (MP169 BR6). Built in issue 7; the package exists so the module rules hold from the start. */
package uk.smartmeter.restricted.adapter.reporting;

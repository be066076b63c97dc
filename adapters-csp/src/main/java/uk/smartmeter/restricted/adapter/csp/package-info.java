/** CSP notifications (MP169 BR5). Built in issue 6; the package exists so the module rules hold from the start. */
package uk.smartmeter.restricted.adapter.csp;

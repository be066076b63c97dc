/** REST adapter for Suppliers, DCC systems and regulators. Built in issue 3; the package exists so the module rules hold from the start. */
package uk.smartmeter.restricted.adapter.rest;

/**
 * CSP notifications (MP169 BR5): the notices' SQL (the pull feed's rows), the RabbitMQ publisher with
 * confirms, replays, and the monthly exclusion lists.
 */
package uk.smartmeter.restricted.adapter.csp;

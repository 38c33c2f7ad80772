/**
 * The RFM module's date helpers are core's: `isoDay` is `dayToIsoDate` (allocation-free civil-date
 * formatting) and `fastDayNumber` the regex-free parser of the two commonest date texts. Internal.
 */
export { dayToIsoDate as isoDay, fastDayNumber } from '../core/time.js';

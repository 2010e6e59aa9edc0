// Every extension-host suite, in the order they build on each other's data.
import './activation.test';
import './commands.test';
import './capabilities.test';
import './weaknesses.test';
import './experiments.test';
import './improvements.test';
import './reports.test';
import './inline.test';
import './measure.test';
import './change.test';
import './agents.test';
import './drafting.test';
import './changeSet.test';
import './confinement.test';
import './teamStore.test';

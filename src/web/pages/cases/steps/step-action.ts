/**
 * What a step's form offers the case page and the drawer: the action it performs (the lifecycle's table decides when it
 * is offered, for which role) and the component that shows its button and form. A form sends its action with the
 * version of the project it was given; the server decides again.
 */
import type { ComponentType } from 'react';
import type { ApiError } from '../../../api/client.js';
import type { ProjectView } from '../../../api/models.js';
import type { Action } from '../../../../domain/access/actions.js';

export interface StepFormProps {
  /** The project as last read (its `version` goes with the request). */
  readonly view: ProjectView;
  /** The action's Chinese name (the button's text and the form's title). */
  readonly label: string;
  /** Another action is being sent. */
  readonly disabled: boolean;
  /** After the request: done (`null`), or refused with an error the page shows (a refusal naming fields stays in the form). */
  readonly onDone: (error: ApiError | null) => void;
}

export interface StepAction {
  readonly action: Action;
  readonly Form: ComponentType<StepFormProps>;
}

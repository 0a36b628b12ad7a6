import { middleSplit } from '../../analysis/distinguishingLabels';

export interface MiddleEllipsisProps {
  /** The whole text: shown whole when it fits, and on hover (title) when it does not. */
  text: string;
  /** About how many characters of the end keep their width first (the distinguishing part of a model name or a file); 12 by default. */
  tail?: number;
  className?: string;
}

/**
 * Text that, when too wide, loses its middle rather than its end: "Sky-T1-math-re…0.2-32B". CSS
 * only cuts at the end, so the text is split in two spans: the head shrinks with an ellipsis, the
 * tail never does. The spans join without a space, so text content, copy and accessible name are
 * the whole text.
 */
export function MiddleEllipsis({ text, tail, className }: MiddleEllipsisProps) {
  const [head, end] = middleSplit(text, tail);
  return (
    <span className={`mid-ellipsis${className ? ` ${className}` : ''}`} title={text}>
      <span className="mid-ellipsis-head">{head}</span>
      {end && <span className="mid-ellipsis-tail">{end}</span>}
    </span>
  );
}

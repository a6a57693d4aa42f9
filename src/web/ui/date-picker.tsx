// antd's DatePicker with the workspace's "now": the cell marked today, the month a picker opens on and the time a new
// pick starts from are the workspace's (pickerNow), in the same browser-zone wall-time form as toPicker's values, so a
// New York browser on a Shanghai workspace marks Shanghai's today and compares like with like.
import { DatePicker as AntDatePicker } from 'antd';
import dayjsConfig from '@rc-component/picker/generate/dayjs';
import { pickerNow } from './time';

export const pickerConfig = { ...dayjsConfig, getNow: pickerNow };

export const DatePicker = AntDatePicker.generatePicker(pickerConfig);
